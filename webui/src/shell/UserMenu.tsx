import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';

import type { User } from '../api';
import { useAuth } from '../features/auth/AuthContext';

export function UserMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const { logout } = useAuth();

  const items: MenuProps['items'] = [
    {
      key: 'role',
      label: t('auth.role', { role: t(`auth.roles.${user.role}`, { defaultValue: user.role }) }),
      disabled: true,
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: <span data-testid="logout">{t('auth.logout')}</span>,
    },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'logout') {
      // The auth state turns anonymous and RequireAuth shows the login page.
      void logout();
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button
        type="text"
        aria-label={t('auth.userMenu', { username: user.username })}
        data-testid="user-menu"
        style={{ color: 'inherit', height: 40 }}
      >
        <Flex align="center" gap={8}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1668dc' }} />
          <span data-testid="current-user">{user.username}</span>
          <DownOutlined style={{ fontSize: 10 }} />
        </Flex>
      </Button>
    </Dropdown>
  );
}
