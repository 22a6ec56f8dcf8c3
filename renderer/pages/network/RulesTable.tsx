import { useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleView } from '../../../shared/contract/methods/network';
import { useFormatters } from '../../app/format';
import { useAction } from '../../app/use-action';
import { IconButton } from '../../components/IconButton';
import { ListTable } from '../../components/ListTable';
import { useRuleText } from './labels';

/**
 * The rules in the order they apply, with their counters. A row is moved by
 * dragging it onto another row (native HTML5 drag and drop) or, from the
 * keyboard, with its up and down buttons; either way main gets new priorities.
 */
export function RulesTable(props: {
  serverName: string;
  rules: readonly RuleView[];
  onEdit: (rule: RuleView) => void;
  onDelete: (rule: RuleView) => void;
}): ReactNode {
  const { serverName, rules, onEdit, onDelete } = props;
  const { t } = useTranslation();
  const f = useFormatters();
  const { endpoint, ruleName } = useRuleText();
  const { run } = useAction('as-notice');
  const [dragged, setDragged] = useState<number | null>(null);
  const move = (from: number, to: number): void => {
    void run((a) => a.moveRule(rules, from, to));
  };
  const drop = (to: number) => (e: DragEvent) => {
    e.preventDefault();
    if (dragged !== null) move(dragged, to);
    setDragged(null);
  };

  const row = (r: RuleView): ReactNode => {
    const i = rules.indexOf(r);
    const name = ruleName(r);
    return (
      <tr
        key={r.id}
        draggable
        aria-label={name}
        className={dragged === i ? 'dragging' : undefined}
        onDragStart={(e) => {
          e.dataTransfer.effectAllowed = 'move';
          e.dataTransfer.setData('text/plain', String(r.id));
          setDragged(i);
        }}
        onDragOver={(e) => e.preventDefault()}
        onDrop={drop(i)}
        onDragEnd={() => setDragged(null)}
      >
        <td className="num">{r.priority}</td>
        <td>{endpoint(r.source, 'source')}</td>
        <td>{endpoint(r.destination, 'destination')}</td>
        <td>{r.protocol === 'any' ? t('network.protocolAny') : r.protocol.toUpperCase()}</td>
        <td>{r.ports === '' ? t('network.allPorts') : r.ports}</td>
        <td>
          {r.action === 'deny' ? t('network.deny') : t('network.allow')}
          {!r.enabled && ` ${t('network.off')}`}
        </td>
        <td className="num">{f.count(r.packets)}</td>
        <td className="num">{f.bytes(r.bytes)}</td>
        <td className="actions">
          {i > 0 && (
            <IconButton
              icon="up"
              label={t('network.moveUp', { name })}
              onClick={() => move(i, i - 1)}
            />
          )}
          {i < rules.length - 1 && (
            <IconButton
              icon="down"
              label={t('network.moveDown', { name })}
              onClick={() => move(i, i + 1)}
            />
          )}
          <IconButton icon="edit" label={t('network.edit', { name })} onClick={() => onEdit(r)} />
          <IconButton
            icon="trash"
            danger
            label={t('network.delete', { name })}
            onClick={() => onDelete(r)}
          />
        </td>
      </tr>
    );
  };

  return (
    <div role="region" aria-label={t('network.rulesTable', { name: serverName })}>
      <ListTable
        items={rules}
        empty={t('network.noRules')}
        columns={[
          { label: t('network.priority'), kind: 'num' },
          { label: t('network.source') },
          { label: t('network.destination') },
          { label: t('network.protocol') },
          { label: t('network.ports') },
          { label: t('network.action') },
          { label: t('network.packets'), kind: 'num' },
          { label: t('network.bytes'), kind: 'num' },
          { label: t('network.actions'), kind: 'actions' },
        ]}
        row={row}
      />
    </div>
  );
}
