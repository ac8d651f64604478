import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import i18n from '../../i18n';
import { renderWithProviders } from '../../test/render';
import { LevelBar } from './LevelBar';
import { StatusTags } from './StatusTags';

describe('LevelBar', () => {
  it('draws a bar with the percentage', () => {
    renderWithProviders(<LevelBar level={{ state: 'value', value: 8 }} percent={8} testId="level" />);
    const bar = screen.getByTestId('level');
    expect(bar).toHaveAttribute('data-level', 'percent');
    expect(bar).toHaveAttribute('data-tone', 'critical');
    expect(bar).toHaveTextContent('8%');
    expect(bar.closest('.ant-progress')).not.toBeNull();
  });

  it.each([
    ['some_remaining', 'Some remaining'],
    ['unknown', 'Level unknown'],
    ['other', 'No restriction'],
  ])('shows the special state %s in words, with no bar and no percentage', (state, text) => {
    renderWithProviders(<LevelBar level={{ state }} percent={null} testId="level" />);
    const shown = screen.getByTestId('level');
    expect(shown).toHaveTextContent(text);
    expect(shown.textContent).not.toMatch(/%/);
    expect(document.querySelector('.ant-progress')).toBeNull();
  });

  it('shows a level without capacity as a value with its unit', () => {
    renderWithProviders(
      <LevelBar level={{ state: 'value', value: 1500 }} percent={null} unit="sheets" testId="level" />,
    );
    expect(screen.getByTestId('level')).toHaveTextContent('1,500 sheets');
  });

  it('speaks the interface language', async () => {
    await i18n.changeLanguage('fr');
    try {
      renderWithProviders(<LevelBar level={{ state: 'some_remaining' }} percent={null} testId="level" />);
      expect(screen.getByTestId('level')).toHaveTextContent('Reste disponible');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});

describe('StatusTags', () => {
  it('shows severity and power state', () => {
    renderWithProviders(<StatusTags severity="service_call" power="sleep" testId="tags" />);
    const tags = screen.getByTestId('tags');
    expect(tags).toHaveTextContent('Service call');
    expect(tags).toHaveTextContent('Sleep mode');
  });

  it('shows only "No response" for a printer that does not answer', () => {
    renderWithProviders(<StatusTags severity="unknown" power="no_response" testId="tags" />);
    expect(screen.getByTestId('tags').textContent).toBe('No response');
  });
});
