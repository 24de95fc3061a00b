import type { AppCore, AppContext } from '../../../platform/app';
import { registerFileRoutes } from './routes';
import { MindpauseFiles } from './service';

export function registerFiles(core: AppCore, ctx: AppContext): MindpauseFiles {
  const files = new MindpauseFiles(ctx.database.db, core.storage);
  registerFileRoutes(core, files);
  return files;
}
