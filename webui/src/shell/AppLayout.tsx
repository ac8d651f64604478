import { ConfigProvider, Flex, Layout, theme } from 'antd';
import { useState } from 'react';
import { Outlet } from 'react-router-dom';

import type { User } from '../api';
import { BrandMark } from './BrandMark';
import { LanguageSelect } from './LanguageSelect';
import { SideMenu } from './SideMenu';
import { UserMenu } from './UserMenu';

const HEADER_BG = '#0b1f3a';

/** The console frame: header with the product and the user, side menu, page. */
export function AppLayout({ user }: { user: User }) {
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="app-shell">
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          paddingInline: 20,
          background: HEADER_BG,
          color: '#fff',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <BrandMark inverted />
        <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
          <Flex align="center" gap={12}>
            <LanguageSelect variant="borderless" />
            <UserMenu user={user} />
          </Flex>
        </ConfigProvider>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={272}
          theme="light"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
        >
          <SideMenu collapsed={collapsed} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <div
            style={{
              background: token.colorBgContainer,
              borderRadius: token.borderRadiusLG,
              padding: 24,
              minHeight: '100%',
            }}
          >
            <Outlet />
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
