import { App } from 'antd';
import { useCallback } from 'react';
import { errorMessage } from '../api';
import { useT } from '../prefs';

type ConfirmOptions<R> = {
  title: string;
  content?: string;
  okText?: string;
  danger?: boolean;
  /** The action; a rejected promise keeps the dialog open and shows the server's message. */
  onOk: () => Promise<R>;
  successText?: string | ((result: R) => string);
};

/** A confirmation dialog for destructive or important acts, reporting the outcome. */
export function useConfirm(): <R>(o: ConfirmOptions<R>) => void {
  const { modal, message } = App.useApp();
  const t = useT();
  return useCallback(
    <R,>(o: ConfirmOptions<R>) => {
      modal.confirm({
        title: o.title,
        content: o.content ?? (o.danger ? t('common.dangerConfirm') : undefined),
        okText: o.okText ?? t('common.confirm'),
        cancelText: t('common.cancel'),
        okButtonProps: { danger: o.danger },
        autoFocusButton: 'cancel',
        onOk: async () => {
          try {
            const result = await o.onOk();
            const text = typeof o.successText === 'function' ? o.successText(result) : o.successText;
            void message.success(text ?? t('common.done'));
          } catch (err) {
            void message.error(errorMessage(err));
          }
        },
      });
    },
    [modal, message, t],
  );
}
