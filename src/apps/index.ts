import type { AppName } from '../config';
import type { AppModule } from '../platform/app';
import { fitmateApp } from './fitmate';
import { mimoApp } from './mimo';
import { mindpauseApp } from './mindpause';

export const APPS: Record<AppName, AppModule> = { fitmate: fitmateApp, mindpause: mindpauseApp, mimo: mimoApp };
