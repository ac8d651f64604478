import { Menu, type MenuProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';

import { findNavigation, NAVIGATION, type NavPage } from './navigation';

const label = (testId: string, text: string) => <span data-testid={`menu-${testId}`}>{text}</span>;

export function SideMenu({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = findNavigation(pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(current.group?.children ? [current.group.key] : []);

  // Opening a page from elsewhere (a link, the address bar) unfolds its menu group.
  const currentGroupKey = current.group?.children ? current.group.key : undefined;
  useEffect(() => {
    if (currentGroupKey) setOpenKeys((keys) => (keys.includes(currentGroupKey) ? keys : [...keys, currentGroupKey]));
  }, [currentGroupKey]);

  const pathsByKey = useMemo(() => {
    const map = new Map<string, NavPage>();
    NAVIGATION.forEach((g) => (g.page ? [g.page] : (g.children ?? [])).forEach((p) => map.set(p.key, p)));
    return map;
  }, []);

  const items: MenuProps['items'] = NAVIGATION.map((group) =>
    group.page
      ? { key: group.page.key, icon: group.icon, label: label(group.page.key, t(group.page.labelKey)) }
      : {
          key: group.key,
          icon: group.icon,
          label: label(group.key, t(group.labelKey)),
          children: (group.children ?? []).map((page) => ({
            key: page.key,
            label: label(page.key, t(page.labelKey)),
          })),
        },
  );

  return (
    <Menu
      mode="inline"
      aria-label={t('shell.mainMenu')}
      items={items}
      selectedKeys={current.page ? [current.page.key] : []}
      openKeys={collapsed ? undefined : openKeys}
      onOpenChange={setOpenKeys}
      onClick={({ key }) => {
        const page = pathsByKey.get(key);
        if (page && page.path !== pathname) navigate(page.path);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
