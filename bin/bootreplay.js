#!/usr/bin/env node
// Thin launcher: the program lives in dist/ (npm run build).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
