// CCXT doing Baro's account read against the same loopback fake Binance, for the comparison in
// ccxt_compare.cpp: signed GET /fapi/v3/positionRisk and GET /fapi/v3/account, parsed and
// normalized by CCXT, one after another on one connection, for a fixed number of seconds.
//   node ccxt_reads.mjs <ccxt module dir> <fake base URL> <api key> <secret> <seconds> <symbols>
// Prints {"reads": N, "seconds": S}.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [moduleDir, base, apiKey, secret, seconds, symbolList] = process.argv.slice(2);
const { default: ccxt } = await import(pathToFileURL(join(moduleDir, 'node_modules/ccxt/js/ccxt.js')));
const exchange = new ccxt.binanceusdm({ apiKey, secret, enableRateLimit: false });
for (const [name, url] of Object.entries(exchange.urls.api)) {
  if (String(url).startsWith('https://fapi.binance.com')) {
    exchange.urls.api[name] = String(url).replace('https://fapi.binance.com', base);
  }
}
// The markets CCXT would load from exchangeInfo, given directly so only the reads are measured.
exchange.setMarkets(symbolList.split(',').map((id) => ({
  id, symbol: `${id.replace('USDT', '')}/USDT:USDT`, base: id.replace('USDT', ''), quote: 'USDT',
  settle: 'USDT', baseId: id.replace('USDT', ''), quoteId: 'USDT', settleId: 'USDT', type: 'swap',
  spot: false, margin: false, swap: true, future: false, option: false, active: true, contract: true,
  linear: true, inverse: false, contractSize: 1, precision: { amount: 0.001, price: 0.01 },
  limits: {}, info: { symbol: id },
})));

// Leverage brackets come from a separate signed endpoint CCXT reads once and caches; Baro reads tiers
// from its own cache too, so neither side pays for them here.
exchange.options.leverageBrackets = Object.fromEntries(
  Object.keys(exchange.markets).map((symbol) => [symbol, [['0', '0.004']]]));

const until = Date.now() + Number(seconds) * 1000;
const started = Date.now();
let reads = 0;
while (Date.now() < until) {
  const positions = await exchange.fetchPositionsRisk();
  const balance = await exchange.fetchBalance();
  if (!Array.isArray(positions) || balance === undefined) throw new Error('unexpected answer');
  reads += 1;
}
process.stdout.write(JSON.stringify({ reads, seconds: (Date.now() - started) / 1000 }));
