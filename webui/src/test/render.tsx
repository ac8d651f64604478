import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';

import { AppProviders } from '../shell/AppProviders';
import { ROUTER_FUTURE } from '../shell/routerFuture';

/** Renders inside the app's providers (antd locale/theme, antd App) and a memory router. */
export function renderWithProviders(ui: ReactElement, { route = '/' }: { route?: string } = {}): RenderResult {
  return render(
    <AppProviders>
      <MemoryRouter initialEntries={[route]} future={ROUTER_FUTURE}>
        {ui}
      </MemoryRouter>
    </AppProviders>,
  );
}
