import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import { renderWithProviders } from '../../test/render';
import { WriteBackAlert } from './WriteBackAlert';

describe('WriteBackAlert', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('names each refused field with the reason, and what was written', () => {
    renderWithProviders(
      <WriteBackAlert
        writes={[
          { field: 'name', written: true, reason: '', message: '' },
          { field: 'location', written: false, reason: 'notWritable', message: 'error-status 17' },
          { field: 'contact', written: false, reason: 'wrongLength', message: 'error-status 8' },
        ]}
      />,
    );
    expect(screen.getByTestId('device-write-refused-location')).toHaveTextContent(
      'Location: the printer does not allow this field to be changed (notWritable)',
    );
    // A reason without its own words still names the code and the details.
    expect(screen.getByTestId('device-write-refused-contact')).toHaveTextContent(
      'Contact: the printer refused it (wrongLength): error-status 8',
    );
    expect(screen.getByTestId('device-write-written')).toHaveTextContent('Written to the printer: Name');
  });

  it('says when only the Manager has the change, and speaks the reader’s language', async () => {
    await i18n.changeLanguage('de');
    renderWithProviders(
      <WriteBackAlert
        writes={[
          { field: 'name', written: false, reason: 'noAgent', message: '' },
          { field: 'contact', written: false, reason: 'agentOffline', message: '' },
        ]}
      />,
    );
    expect(screen.queryByTestId('device-write-refused-name')).toBeNull();
    expect(screen.getByTestId('device-write-refused-contact')).toHaveTextContent('der Agent des Geräts ist offline');
    expect(screen.getByTestId('device-write-back')).toHaveTextContent('nur im Manager gespeichert');
  });
});
