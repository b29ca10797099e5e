import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');
export const resourcesDir = path.join(projectRoot, 'resources');
