#!/usr/bin/env node
import '../dist/cli/ferris.js';
