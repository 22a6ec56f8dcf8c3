import type { ReactNode } from 'react';
import type { Actions } from '../actions';
import { useAction } from '../app/use-action';
import { ActionDialog } from './FormParts';

/**
 * Asks before what cuts peers off or cannot be undone. Red, and it closes once
 * done; a failure shows as a notice, since there is no field to point at.
 */
export function Confirm(props: {
  title: string;
  submitLabel: string;
  focus: 'cancel' | 'submit';
  work: (a: Actions) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}): ReactNode {
  const { work, onClose, children, ...shown } = props;
  const action = useAction('as-notice');
  const submit = (): void => {
    void action.run(async (a) => {
      await work(a);
      onClose();
    });
  };
  return (
    <ActionDialog {...shown} onClose={onClose} onSubmit={submit} action={action} danger>
      {children}
    </ActionDialog>
  );
}
