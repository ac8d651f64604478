import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import en from './locales/en.json';
import { LANGUAGES } from './languages';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

const english = flatten(en as Tree);

describe('translation catalogues', () => {
  it('covers the six languages of the console', () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(['en', 'fr', 'de', 'it', 'es', 'ja']);
  });

  describe.each(LANGUAGES.map((l) => [l.code, l] as const))('%s', (_code, language) => {
    const catalogue = flatten(language.catalogue as Tree);

    it('has exactly the English key set', () => {
      expect([...catalogue.keys()].sort()).toEqual([...english.keys()].sort());
    });

    it('has a non-empty text for every key', () => {
      for (const [key, value] of catalogue) expect(value.trim(), key).not.toBe('');
    });

    it('uses the same interpolation variables as English', () => {
      for (const [key, value] of catalogue) {
        expect(placeholders(value), key).toEqual(placeholders(english.get(key) ?? ''));
      }
    });

    it('has an antd locale', () => {
      expect(language.antdLocale.locale).toMatch(new RegExp(`^${language.code}`));
    });
  });

  it('is translated, not copied from English', () => {
    // Texts that are legitimately identical (product name, symbols, cognates) are rare:
    // at least 80 % of every non-English catalogue must differ from English.
    for (const language of LANGUAGES.filter((l) => l.code !== 'en')) {
      const catalogue = flatten(language.catalogue as Tree);
      const same = [...catalogue].filter(([key, value]) => english.get(key) === value).length;
      expect(same / catalogue.size, language.code).toBeLessThan(0.2);
    }
  });

  it('contains every key the source code uses', () => {
    const sourceRoot = join(__dirname, '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk(sourceRoot);
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/labelKey:\s*'([\w.]+)'/g)) used.add(m[1]);
      // t(`devices.state.${state}`): the prefix must be a group of texts in English.
      for (const m of text.matchAll(/\bt\(`([\w.]+)\.\$\{[^}]+\}`/g)) prefixes.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !english.has(key));
    expect(missing).toEqual([]);
    const englishGroups = new Set([...english.keys()].map((key) => key.slice(0, key.lastIndexOf('.'))));
    expect(prefixes.size).toBeGreaterThan(5);
    expect([...prefixes].filter((prefix) => !englishGroups.has(prefix))).toEqual([]);
  });
});
