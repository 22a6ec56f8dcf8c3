/**
 * What flipping the scripts switch does. Turning scripts on lets every
 * server's PreUp/PostUp/PreDown/PostDown run as root, so it asks first;
 * turning them off only takes a power away, so it applies at once.
 */
export type ScriptsStep = 'confirm' | 'apply' | 'none';

export function scriptsStep(current: boolean | null, wanted: boolean): ScriptsStep {
  // Until main said what the setting is, a click has nothing to change.
  if (current === null || current === wanted) return 'none';
  return wanted ? 'confirm' : 'apply';
}
