import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import { renderWithProviders } from '../../test/render';
import { AgentScopePanel } from './AgentScopePanel';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, getAgentScope: vi.fn(), putAgentScope: vi.fn() };
});
const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
  mocked.getAgentScope.mockResolvedValue({
    ipv4: ['10.0.0.0/24'],
    fqdnSuffixes: [],
    discovery: { method: 'scope', addresses: [], hostNames: [] },
  });
});

describe('Agent scope', () => {
  it('saves the rules one per line and shows an overlap with another agent inline', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.putAgentScope.mockRejectedValue(
      new api.ApiError(409, {
        code: 'scope_overlap',
        message: 'ipv4[1]: "10.1.0.0/16" overlaps "10.1.2.0/24" of Agent 2 (lyon)',
        details: [{ field: 'ipv4[1]', rule: '10.1.0.0/16', agentId: 2, agentName: 'lyon', otherRule: '10.1.2.0/24' }],
      }),
    );
    renderWithProviders(<AgentScopePanel agentId={1} />);
    const ipv4 = await screen.findByTestId('scope-ipv4');
    await waitFor(() => expect(ipv4).toHaveValue('10.0.0.0/24'));
    // fireEvent: typing character by character into auto-sized text areas is very slow in jsdom.
    fireEvent.change(ipv4, { target: { value: '10.0.0.0/24\n10.1.0.0/16' } });
    fireEvent.change(screen.getByTestId('scope-fqdn'), { target: { value: 'printers.example.com' } });
    await user.click(screen.getByTestId('scope-save'));

    await waitFor(() =>
      expect(mocked.putAgentScope).toHaveBeenCalledWith(1, {
        ipv4: ['10.0.0.0/24', '10.1.0.0/16'],
        fqdnSuffixes: ['printers.example.com'],
        discovery: { method: 'scope', addresses: [], hostNames: [] },
      }),
    );
    expect(await screen.findByTestId('scope-error')).toHaveTextContent('ipv4[1]: "10.1.0.0/16" overlaps');
    const text = '10.1.0.0/16 overlaps 10.1.2.0/24 of agent “lyon”';
    expect(screen.getByTestId('scope-overlap')).toHaveTextContent(text);
    expect(screen.getAllByText(text)).toHaveLength(2); // in the alert and under the IPv4 field
  });

  it('marks the entry a 400 names', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.putAgentScope.mockRejectedValue(
      new api.ApiError(400, {
        code: 'invalid_input',
        message: 'ipv4[1]: not an IPv4 address',
        details: [{ field: 'ipv4[1]', message: 'not an IPv4 address' }],
      }),
    );
    renderWithProviders(<AgentScopePanel agentId={1} />);
    const ipv4 = await screen.findByTestId('scope-ipv4');
    await waitFor(() => expect(ipv4).toHaveValue('10.0.0.0/24'));
    fireEvent.change(ipv4, { target: { value: '10.0.0.0/24\n10.0.0.999' } });
    await user.click(screen.getByTestId('scope-save'));
    expect(await screen.findByText('“10.0.0.999”: not an IPv4 address')).toBeInTheDocument();
  });
});
