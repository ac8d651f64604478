import { Flex, Select } from 'antd';
import type { FilterDropdownProps } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FilterButtons } from './FilterButtons';

/**
 * A column filter of free texts: each value is matched as a substring by the Manager, several
 * values are OR-ed. A value is typed and added with Enter; Enter on an empty input applies.
 * The option list shows only while typing, so it never covers the buttons.
 */
export function TextFilterDropdown({
  setSelectedKeys,
  selectedKeys,
  confirm,
  clearFilters,
  column,
}: FilterDropdownProps & { column: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  return (
    <Flex vertical gap={8} style={{ padding: 8, width: 280 }} data-testid={`filter-${column}`}>
      <Select
        mode="tags"
        autoFocus
        suffixIcon={null}
        notFoundContent={null}
        tokenSeparators={[',']}
        // Inside the filter's own pop-up: a click on an option is not a click outside it.
        getPopupContainer={(trigger: HTMLElement) => trigger.parentElement ?? document.body}
        placeholder={t('devices.filter.placeholder')}
        open={search.trim() !== ''}
        searchValue={search}
        onSearch={setSearch}
        onInputKeyDown={(event) => {
          if (event.key === 'Enter' && search.trim() === '') confirm();
        }}
        value={selectedKeys as string[]}
        onChange={(values: string[]) => {
          setSelectedKeys(values);
          setSearch('');
        }}
        data-testid={`filter-${column}-input`}
        style={{ width: '100%' }}
      />
      <FilterButtons column={column} empty={selectedKeys.length === 0} confirm={confirm} clearFilters={clearFilters} />
    </Flex>
  );
}
