// Route review (/r/SESSIONID#token=…): imports and starts, nothing else.
import { registerColofon } from '../components/colofon/colofon.js';
import { registerStackChart } from '../components/stack-chart/stack-chart.js';
import { registerStepRemarks } from '../components/step-remarks/step-remarks.js';
import { registerReviewPage } from '../components/review-page/review-page.js';

registerColofon();
registerStackChart();
registerStepRemarks();
registerReviewPage();
