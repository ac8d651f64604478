import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getCommunicationWindows, putCommunicationWindows, WEEKDAYS, type TimeWindow } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { formProblem, MAX_WINDOWS_PER_LIST, TIME_CHOICES, toForm, type WindowsForm } from './windows';

const TIME_OPTIONS = TIME_CHOICES.map((time) => ({ value: time, label: time }));

/** One list of daily windows: start and end of each, remove, add. */
function WindowList({
  list,
  onChange,
  testId,
}: {
  list: TimeWindow[];
  onChange: (list: TimeWindow[]) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const set = (i: number, change: Partial<TimeWindow>) =>
    onChange(list.map((w, j) => (j === i ? { ...w, ...change } : w)));
  return (
    <Flex vertical gap={8} data-testid={testId}>
      {list.length === 0 && <Typography.Text type="secondary">{t('tasks.windows.noWindow')}</Typography.Text>}
      {list.map((w, i) => (
        <Flex key={i} gap={8} align="center">
          <Select
            aria-label={t('tasks.windows.start')}
            value={w.start}
            options={TIME_OPTIONS}
            showSearch
            style={{ width: 100 }}
            onChange={(start) => set(i, { start })}
            data-testid={`${testId}-start-${i}`}
          />
          <span>–</span>
          <Select
            aria-label={t('tasks.windows.end')}
            value={w.end}
            options={TIME_OPTIONS}
            showSearch
            style={{ width: 100 }}
            onChange={(end) => set(i, { end })}
            data-testid={`${testId}-end-${i}`}
          />
          <Button
            icon={<DeleteOutlined />}
            aria-label={t('tasks.windows.remove')}
            onClick={() => onChange(list.filter((_, j) => j !== i))}
          />
        </Flex>
      ))}
      <div>
        <Button
          icon={<PlusOutlined />}
          disabled={list.length >= MAX_WINDOWS_PER_LIST}
          onClick={() => onChange([...list, { start: '00:00', end: '24:00' }])}
          data-testid={`${testId}-add`}
        >
          {t('tasks.windows.add')}
        </Button>
      </div>
    </Flex>
  );
}

/** The communication time windows: a standard daily list and per-weekday exceptions. */
export function WindowsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form, setForm] = useState<WindowsForm | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getCommunicationWindows().then((w) => setForm(toForm(w)), setLoadError);
  }, []);

  const problem = form ? formProblem(form) : null;
  const save = async () => {
    if (!form) return;
    setSaving(true);
    try {
      setForm(toForm(await putCommunicationWindows(form)));
      void message.success(t('tasks.windows.saved'));
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('tasks.windows.title')}
      data-testid="windows-card"
      loading={!form && !loadError}
      extra={
        <Button
          type="primary"
          onClick={save}
          loading={saving}
          disabled={!form || problem !== null}
          data-testid="windows-save"
        >
          {t('common.save')}
        </Button>
      }
    >
      {loadError !== null && <Alert type="error" showIcon message={errorMessage(loadError, t)} />}
      {form && (
        <Flex vertical gap={16}>
          <Typography.Text type="secondary">{t('tasks.windows.description')}</Typography.Text>
          {problem && (
            <Alert
              type="warning"
              showIcon
              data-testid="windows-problem"
              message={t(`tasks.windows.problems.${problem[1]}`, {
                list: problem[0] === 'standard' ? t('tasks.windows.standard') : t(`tasks.weekdays.${problem[0]}`),
              })}
            />
          )}
          <div>
            <Typography.Title level={5}>{t('tasks.windows.standard')}</Typography.Title>
            <WindowList
              list={form.standard}
              onChange={(standard) => setForm({ ...form, standard })}
              testId="windows-standard"
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('tasks.windows.exceptions')}</Typography.Title>
            <Flex vertical gap={12}>
              {WEEKDAYS.map((day) => {
                const list = form.exceptions[day];
                const setDay = (value: TimeWindow[] | null) =>
                  setForm({ ...form, exceptions: { ...form.exceptions, [day]: value } });
                return (
                  <Flex key={day} gap={16} align="flex-start" data-testid={`windows-day-${day}`}>
                    <Flex gap={8} align="center" style={{ width: 240 }}>
                      <Switch
                        checked={list !== null}
                        onChange={(on) => setDay(on ? [] : null)}
                        data-testid={`windows-exception-${day}`}
                      />
                      <span>{t(`tasks.weekdays.${day}`)}</span>
                    </Flex>
                    {list === null ? (
                      <Typography.Text type="secondary">{t('tasks.windows.asStandard')}</Typography.Text>
                    ) : (
                      <WindowList list={list} onChange={setDay} testId={`windows-list-${day}`} />
                    )}
                  </Flex>
                );
              })}
            </Flex>
          </div>
        </Flex>
      )}
    </Card>
  );
}
