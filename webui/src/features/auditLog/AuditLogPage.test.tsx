import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import type { AuditRecord } from '../../api';
import { renderWithProviders } from '../../test/render';
import { AuditLogPage } from './AuditLogPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    listAuditLog: vi.fn(),
    getAuditLogSettings: vi.fn(),
    putAuditLogSettings: vi.fn(),
    exportAuditLog: vi.fn(),
  };
});
const mocked = vi.mocked(api);

const edit: AuditRecord = {
  id: 12,
  at: '2026-11-22T05:00:00Z',
  actor: 'user',
  userId: 1,
  tokenId: null,
  username: 'administrator',
  address: '10.0.0.5',
  method: 'PATCH',
  route: '/api/v1/devices/{id}',
  action: 'devices.update',
  category: 'devices',
  target: '7',
  status: 200,
  result: 'success',
  details: { before: { name: 'Front desk' }, after: { name: 'Reception' }, request: { name: 'Reception' } },
};
const failedLogin: AuditRecord = {
  ...edit,
  id: 11,
  actor: 'anonymous',
  userId: null,
  username: 'mallory',
  method: 'POST',
  route: '/api/v1/auth/login',
  action: 'auth.login',
  category: 'auth',
  target: '',
  status: 401,
  result: 'failure',
  details: { request: { username: 'mallory', password: '[redacted]' } },
};

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listAuditLog.mockResolvedValue({ items: [edit, failedLogin], total: 2, page: 1, pageSize: 50 });
  mocked.getAuditLogSettings.mockResolvedValue({ retentionDays: 365 });
  mocked.putAuditLogSettings.mockImplementation((s) => Promise.resolve(s));
});

describe('Audit Log', () => {
  it('lists who did what with the result and shows the change of a record', async () => {
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuditLogPage />);
    const row = await screen.findByTestId('audit-row-12');
    expect(row).toHaveTextContent('administrator');
    expect(row).toHaveTextContent('devices.update');
    expect(within(row).getByTestId('audit-result-12')).toHaveTextContent('Success (200)');
    const failed = screen.getByTestId('audit-row-11');
    expect(failed).toHaveTextContent('mallory');
    expect(failed).toHaveTextContent('not signed in');
    expect(within(failed).getByTestId('audit-result-11')).toHaveTextContent('Failure (401)');

    await user.click(within(row).getByRole('button', { name: /expand row/i }));
    const details = await screen.findByTestId('audit-details-12');
    expect(details).toHaveTextContent('PATCH /api/v1/devices/{id}');
    expect(details).toHaveTextContent('"Front desk"');
    expect(details).toHaveTextContent('"Reception"');
  });

  it('asks the Manager again with the filters, from the first page', async () => {
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuditLogPage />);
    await screen.findByTestId('audit-row-12');
    expect(mocked.listAuditLog).toHaveBeenLastCalledWith({}, 1, 50);
    await user.type(screen.getByRole('searchbox', { name: 'User name' }), 'mallory{Enter}');
    await waitFor(() => expect(mocked.listAuditLog).toHaveBeenLastCalledWith({ user: 'mallory' }, 1, 50));
  });

  it('saves the retention', async () => {
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AuditLogPage />);
    const days = await screen.findByTestId('audit-retention');
    await waitFor(() => expect(days).toHaveValue('365'));
    await user.clear(days);
    await user.type(days, '90');
    await user.click(screen.getByTestId('audit-retention-save'));
    await waitFor(() => expect(mocked.putAuditLogSettings).toHaveBeenCalledWith({ retentionDays: 90 }));
  });
});
