import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '../src/config/example';
import { fromRoot } from '../src/platform/root';

// .env.example is written from the settings table; test/config-example.test.ts fails when they differ.
writeFileSync(fromRoot('.env.example'), renderEnvExample());
console.log('.env.example written from src/config/settings.ts');
