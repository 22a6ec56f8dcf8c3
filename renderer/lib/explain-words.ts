// "explain"'s reason in the admin's language: main answers with a code and
// its parameters (shared/network/explain-reason.ts), worded here.
import type { TFunction } from 'i18next';
import type { ExplainReason } from '../../shared/network/explain-reason';

/** `rule` names a rule by its id (its text in the rules list, or its number). */
export function explainWords(t: TFunction, r: ExplainReason, rule: (id: number) => string): string {
  switch (r.code) {
    case 'rule':
      return t(r.allowed ? 'explainReasons.rule_allows' : 'explainReasons.rule_denies', {
        rule: rule(r.ruleId),
      });
    case 'server_open':
      return t('explainReasons.server_open');
    case 'policy':
      return t(`explainReasons.policy_${r.policy}`);
    case 'reach':
      return t(`explainReasons.reach_${r.reach}`);
  }
}
