import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The command that starts an agent with its activation key, as shown to the user. */
export function agentCommandLine(managerOrigin: string, activationKey: string): string {
  return `printwarden-agent --data-dir DIR --manager ${managerOrigin} --activation-key ${activationKey}`;
}

/** An activation key with copy buttons for the key and the agent's command line. */
export function ActivationKeyPanel({
  activationKey,
  testId = 'activation-key',
  inDetails = false,
}: {
  activationKey: string;
  testId?: string;
  /** Shown inside the agent's details (which then need no pointer to themselves). */
  inDetails?: boolean;
}) {
  const { t } = useTranslation();
  const tooltips = [t('common.copy'), t('common.copied')];
  const command = agentCommandLine(window.location.origin, activationKey);
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>{t('agents.key.label')}</Typography.Text>
      <Typography.Paragraph
        copyable={{ text: activationKey, tooltips }}
        code
        style={{ fontSize: 15, overflowWrap: 'anywhere', marginBottom: 4 }}
      >
        <span data-testid={testId}>{activationKey}</span>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('agents.key.help')}
        {!inDetails && (
          <>
            <br />
            {t('agents.key.helpDetails')}
          </>
        )}
      </Typography.Paragraph>
      <Typography.Text>{t('agents.key.command')}</Typography.Text>
      <Typography.Paragraph copyable={{ text: command, tooltips }} code style={{ overflowWrap: 'anywhere' }}>
        <span data-testid={`${testId}-command`}>{command}</span>
      </Typography.Paragraph>
    </Flex>
  );
}
