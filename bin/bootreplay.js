#!/usr/bin/env node
// Thin launcher: the bundled program lives in dist/bin/ (npm run build).
import { main } from '../dist/bin/main.js';

process.exitCode = await main(process.argv);
