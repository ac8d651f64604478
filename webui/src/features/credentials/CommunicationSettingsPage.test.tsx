import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import type { Credential } from '../../api';
import { renderWithProviders } from '../../test/render';
import { CommunicationSettingsPage } from './CommunicationSettingsPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    listCredentials: vi.fn(),
    listAgents: vi.fn(),
    createCredential: vi.fn(),
    updateCredential: vi.fn(),
    orderCredentials: vi.fn(),
  };
});
const mocked = vi.mocked(api);

const credential = (overrides: Partial<Credential>): Credential => ({
  id: 1,
  kind: 'snmpv1',
  description: '',
  access: 'read',
  agentIds: [],
  position: 0,
  fields: { version: 'v2c' },
  secretsSet: ['community'],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

const LIST = [
  credential({ id: 5, description: 'first', position: 0 }),
  credential({ id: 3, description: 'second', position: 1, agentIds: [7], access: 'readWrite' }),
  credential({ id: 9, kind: 'snmpv3', description: 'v3', fields: { username: 'ops', securityLevel: 'authPriv' } }),
];

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listCredentials.mockResolvedValue(LIST);
  mocked.listAgents.mockResolvedValue([
    {
      id: 7,
      name: 'lyon',
      local: false,
      status: 'active',
      version: '1',
      hostname: 'h',
      lastContact: null,
      createdAt: '2026-01-01T00:00:00Z',
      activated: true,
    },
  ]);
});

describe('Communication Settings', () => {
  it('lists the credentials of a kind in order, with stored secrets as tags only', async () => {
    renderWithProviders(<CommunicationSettingsPage />);
    const first = await screen.findByTestId('credential-row-5');
    expect(within(first).getByText('first')).toBeInTheDocument();
    expect(screen.getByTestId('credential-secrets-5')).toHaveTextContent('Community stored');
    expect(screen.getByTestId('credential-row-3')).toHaveTextContent('lyon');
    expect(screen.getByTestId('credential-row-3')).toHaveTextContent('Read/write');
    expect(screen.queryByTestId('credential-row-9')).toBeNull(); // another kind's tab
    expect(screen.getByTestId('credential-up-5')).toBeDisabled();
    expect(screen.getByTestId('credential-down-3')).toBeDisabled();
  });

  it('moves a credential down with PUT /credentials/order', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.orderCredentials.mockResolvedValue([]);
    renderWithProviders(<CommunicationSettingsPage />);
    await user.click(await screen.findByTestId('credential-down-5'));
    await waitFor(() => expect(mocked.orderCredentials).toHaveBeenCalledWith('snmpv1', [3, 5]));
  });

  it('creates a community credential; the typed secret leaves the page with the dialog', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.createCredential.mockResolvedValue(credential({ id: 11, description: 'new' }));
    renderWithProviders(<CommunicationSettingsPage />);
    await screen.findByTestId('credential-row-5');
    await user.click(screen.getByTestId('credential-add'));
    await user.type(await screen.findByTestId('credential-description'), 'new');
    await user.type(screen.getByTestId('credential-community'), 'S3cret-Community');
    await user.click(screen.getByTestId('credential-save'));
    await waitFor(() =>
      expect(mocked.createCredential).toHaveBeenCalledWith({
        kind: 'snmpv1',
        description: 'new',
        access: 'read',
        agentIds: [],
        fields: { version: 'v2c', community: 'S3cret-Community' },
      }),
    );
    await waitFor(() => expect(document.body.innerHTML).not.toContain('S3cret-Community'));
  });

  it('edits without retyping the stored secret: the field is left out', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.updateCredential.mockResolvedValue(LIST[0]);
    renderWithProviders(<CommunicationSettingsPage />);
    await user.click(await screen.findByTestId('credential-edit-5'));
    const description = await screen.findByTestId('credential-description');
    await waitFor(() => expect(description).toHaveValue('first'));
    expect(screen.getByTestId('credential-community')).toHaveValue('');
    await user.type(description, ' site');
    await user.click(screen.getByTestId('credential-save'));
    await waitFor(() =>
      expect(mocked.updateCredential).toHaveBeenCalledWith(5, {
        description: 'first site',
        access: 'read',
        agentIds: [],
        fields: { version: 'v2c' },
      }),
    );
  });
});
