import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

import '../i18n';

// findBy*/waitFor wait for a condition, not for a time: on a loaded 2-core machine antd's larger
// pages (the device table) take seconds to render in jsdom, far above the 1 s default.
configure({ asyncUtilTimeout: 15_000 });

// jsdom lacks matchMedia, which antd's responsive helpers (Grid, Sider breakpoints) use.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

// jsdom does not implement getComputedStyle for pseudo elements (antd measures scrollbars with it).
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);

afterEach(() => {
  cleanup();
});
