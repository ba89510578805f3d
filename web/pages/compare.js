// Compare two routes (/c): imports and starts, nothing else.
import { registerColofon } from '../components/colofon/colofon.js';
import { registerComparePage } from '../components/compare-page/compare-page.js';

registerColofon();
registerComparePage();
