import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Tabs,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  downloadImportTemplate,
  importDevices,
  startDiscovery,
  type Agent,
  type ExchangeFormat,
  type ImportResult,
  type ImportRowError,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { saveFile } from '../common/saveFile';
import { isRunning, useDiscoveryRun } from '../discovery/runs';
import { RunStateTag } from '../discovery/RunStateTag';
import { RunSummary } from '../discovery/RunSummary';
import { formatOfFile, IMPORT_MAX_BYTES, importRowErrors } from './importFile';

const FORMATS: ExchangeFormat[] = ['csv', 'txt', 'xlsx'];

/** One device by address or host name: starts a single-target run and follows it. */
function SingleDevice({ agents, onDone }: { agents: Agent[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ target: string; agentId?: number }>();
  const [runId, setRunId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { data: run, error: pollError } = useDiscoveryRun(runId);
  const finished = run !== undefined && !isRunning(run);

  useEffect(() => {
    if (finished) onDone();
  }, [finished, onDone]);

  const start = async (values: { target: string; agentId?: number }) => {
    setStarting(true);
    setError(null);
    try {
      const started = await startDiscovery({ target: values.target.trim(), agentId: values.agentId });
      setRunId(started.id);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setStarting(false);
    }
  };

  const step = run === undefined ? 0 : finished ? 2 : 1;
  return (
    <Flex vertical gap={16}>
      <Steps
        size="small"
        current={step}
        status={run && finished && run.state !== 'succeeded' ? 'error' : undefined}
        items={[
          { title: t('devices.add.single.stepTarget') },
          { title: t('devices.add.single.stepSearch') },
          { title: t('devices.add.single.stepDone') },
        ]}
      />
      {error && <Alert type="error" showIcon message={error} data-testid="add-single-error" />}
      {pollError !== null && <Alert type="error" showIcon message={errorMessage(pollError, t)} />}
      <Form form={form} layout="vertical" onFinish={start} disabled={starting || (run !== undefined && !finished)}>
        <Form.Item
          name="target"
          label={t('devices.add.single.target')}
          extra={t('devices.add.single.targetHelp')}
          rules={[{ required: true, whitespace: true, message: t('devices.add.single.targetRequired') }]}
        >
          <Input placeholder="10.0.0.5 / mfp1.example.com" data-testid="add-single-target" />
        </Form.Item>
        <Form.Item name="agentId" label={t('devices.add.single.agent')} extra={t('devices.add.single.agentHelp')}>
          <Select
            allowClear
            placeholder={t('devices.add.single.agentAuto')}
            options={agents.map((a) => ({ value: a.id, label: a.name }))}
            data-testid="add-single-agent"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={starting} data-testid="add-single-submit">
          {t('devices.add.single.submit')}
        </Button>
      </Form>
      {run && (
        <div data-testid="add-single-run">
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('discovery.details.state')}</Typography.Text>
            <RunStateTag state={run.state} testId="add-single-state" />
          </Space>
          <RunSummary run={run} compact />
        </div>
      )}
    </Flex>
  );
}

/** Import a file: all rows or none; a rejected file lists every bad row. */
function ImportFile({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [rows, setRows] = useState<ImportRowError[]>([]);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setResult(null);
    setRows([]);
    setError(null);
    const format = formatOfFile(file.name);
    if (!format) {
      setError(t('devices.add.import.badType'));
      return;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      setError(t('devices.add.import.tooLarge'));
      return;
    }
    setBusy(true);
    try {
      setResult(await importDevices(file, format));
      onDone();
    } catch (e) {
      setRows(importRowErrors(e));
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <div data-testid="import-upload">
        <Upload.Dragger
          accept=".csv,.txt,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('devices.add.import.drop')}</p>
          <p className="ant-upload-hint">{t('devices.add.import.hint')}</p>
        </Upload.Dragger>
      </div>
      {busy && <Alert type="info" showIcon message={t('devices.add.import.running')} />}
      {result && (
        <div data-testid="import-result">
          <Result
            status="success"
            title={t('devices.add.import.done')}
            subTitle={t('devices.add.import.counts', { ...result })}
          />
        </div>
      )}
      {error && <Alert type="error" showIcon message={error} data-testid="import-error" />}
      {rows.length > 0 && (
        <Table<ImportRowError>
          rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
          size="small"
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="import-row-errors"
          columns={[
            { key: 'row', title: t('devices.add.import.row'), dataIndex: 'row', width: 80 },
            { key: 'column', title: t('devices.add.import.column'), dataIndex: 'column' },
            { key: 'message', title: t('devices.add.import.message'), dataIndex: 'message' },
          ]}
        />
      )}
    </Flex>
  );
}

function Template() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const get = async (format: ExchangeFormat) => {
    try {
      saveFile(await downloadImportTemplate(format));
    } catch (e) {
      void message.error(errorMessage(e, t));
    }
  };
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph>{t('devices.add.template.help')}</Typography.Paragraph>
      <Space wrap>
        {FORMATS.map((format) => (
          <Button
            key={format}
            icon={<DownloadOutlined />}
            onClick={() => void get(format)}
            data-testid={`template-${format}`}
          >
            {t(`devices.format.${format}`)}
          </Button>
        ))}
      </Space>
    </Flex>
  );
}

/** "Add devices": one device by address, a file import, or the import template. */
export function AddDevicesModal({
  open,
  agents,
  onClose,
  onAdded,
}: {
  open: boolean;
  agents: Agent[];
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={t('devices.add.title')}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="add-devices-close">
          {t('common.close')}
        </Button>
      }
      width={720}
      destroyOnHidden
      data-testid="add-devices"
    >
      <Tabs
        items={[
          {
            key: 'single',
            label: <span data-testid="add-tab-single">{t('devices.add.single.tab')}</span>,
            children: <SingleDevice agents={agents} onDone={onAdded} />,
          },
          {
            key: 'import',
            label: <span data-testid="add-tab-import">{t('devices.add.import.tab')}</span>,
            children: <ImportFile onDone={onAdded} />,
          },
          {
            key: 'template',
            label: <span data-testid="add-tab-template">{t('devices.add.template.tab')}</span>,
            children: <Template />,
          },
        ]}
      />
    </Modal>
  );
}
