// Start page: imports and starts, nothing else.
import { registerColofon } from '../components/colofon/colofon.js';
import { registerStartPage } from '../components/start-page/start-page.js';

registerColofon();
registerStartPage();
