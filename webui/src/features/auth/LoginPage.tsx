import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Layout, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../i18n/errorMessage';
import { BrandMark } from '../../shell/BrandMark';
import { LanguageSelect } from '../../shell/LanguageSelect';
import { useAuth } from './AuthContext';

interface LoginForm {
  username: string;
  password: string;
  remember: boolean;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { state, login } = useAuth();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const expired = state.status === 'anonymous' && state.reason === 'expired';

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      // On success the auth state changes and LoginRoute moves on to the console.
      await login({ username: values.username.trim(), password: values.password, remember: values.remember });
    } catch (e) {
      setError(errorMessage(e, t));
      setSubmitting(false);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="login-page">
      <Layout.Content>
        <Flex style={{ minHeight: '100vh' }}>
          <Flex
            vertical
            justify="space-between"
            className="pw-login-brand"
            style={{
              flex: '0 0 42%',
              padding: 48,
              background: `linear-gradient(160deg, #0b1f3a 0%, #123a6b 55%, ${token.colorPrimary} 130%)`,
            }}
          >
            <BrandMark inverted size={22} />
            <div>
              <Typography.Title level={2} style={{ color: '#fff', marginTop: 0 }}>
                {t('app.tagline')}
              </Typography.Title>
            </div>
            <span />
          </Flex>
          <Flex vertical flex={1} style={{ padding: 24, background: token.colorBgLayout }}>
            <Flex justify="flex-end">
              <LanguageSelect />
            </Flex>
            <Flex flex={1} align="center" justify="center">
              <Card style={{ width: '100%', maxWidth: 400 }} variant="borderless">
                <Typography.Title level={3} style={{ marginTop: 0 }}>
                  {t('auth.login.title')}
                </Typography.Title>
                <Typography.Paragraph type="secondary">{t('auth.login.subtitle')}</Typography.Paragraph>
                {expired && !error && (
                  <Alert type="info" showIcon message={t('auth.login.sessionExpired')} style={{ marginBottom: 16 }} />
                )}
                {error && (
                  <Alert
                    type="error"
                    showIcon
                    message={t('auth.login.failed')}
                    description={<span data-testid="login-error">{error}</span>}
                    style={{ marginBottom: 16 }}
                  />
                )}
                <Form<LoginForm>
                  layout="vertical"
                  requiredMark={false}
                  initialValues={{ username: '', password: '', remember: false }}
                  onFinish={onFinish}
                  disabled={submitting}
                >
                  <Form.Item
                    name="username"
                    label={t('auth.login.username')}
                    rules={[{ required: true, whitespace: true, message: t('auth.login.usernameRequired') }]}
                  >
                    <Input
                      prefix={<UserOutlined />}
                      autoComplete="username"
                      autoFocus
                      size="large"
                      data-testid="login-username"
                    />
                  </Form.Item>
                  <Form.Item
                    name="password"
                    label={t('auth.login.password')}
                    rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
                  >
                    <Input.Password
                      prefix={<LockOutlined />}
                      autoComplete="current-password"
                      size="large"
                      data-testid="login-password"
                    />
                  </Form.Item>
                  <Form.Item name="remember" valuePropName="checked">
                    <Checkbox data-testid="login-remember">{t('auth.login.remember')}</Checkbox>
                  </Form.Item>
                  <Button
                    type="primary"
                    htmlType="submit"
                    size="large"
                    block
                    loading={submitting}
                    data-testid="login-submit"
                  >
                    {t('auth.login.submit')}
                  </Button>
                </Form>
              </Card>
            </Flex>
          </Flex>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
