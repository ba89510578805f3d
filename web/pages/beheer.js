// The organisation's overview (/beheer): imports and starts, nothing else.
import { registerColofon } from '../components/colofon/colofon.js';
import { registerBarChart } from '../components/bar-chart/bar-chart.js';
import { registerBeheerPage } from '../components/beheer-page/beheer-page.js';

registerColofon();
registerBarChart();
registerBeheerPage();
