import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { HOME_PATH } from '../../shell/navigation';

export function NotFoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title={t('shell.notFound.title')}
        subTitle={t('shell.notFound.description')}
        extra={
          <Button type="primary" onClick={() => navigate(HOME_PATH)}>
            {t('shell.notFound.home')}
          </Button>
        }
      />
    </div>
  );
}
