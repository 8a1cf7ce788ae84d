// CCXT as an independent parser of recorded venue bodies: the exchange tests feed it the same raw
// position objects they feed Baro and compare the results.
//   node parse_positions.mjs <ccxt-exchange-id> <input.json or - for stdin>
// input.json: {"positions": [raw position objects], "markets": [raw instrument objects, optional],
//              "settle": "usdt" (Gate's settle currency, optional),
//              "method": "parsePositionRisk" (CCXT's parser for this body, default parsePosition),
//              "unifiedMarkets": [markets in CCXT's unified form, instead of "markets"]}
// Prints one JSON array: every position as CCXT's parsePosition normalizes it.
import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';

const [id, inputPath] = process.argv.slice(2);
if (!id || !inputPath || !(id in ccxt)) {
  console.error('usage: node parse_positions.mjs <ccxt-exchange-id> <input.json>');
  process.exit(2);
}
const input = JSON.parse(readFileSync(inputPath === '-' ? 0 : inputPath, 'utf8'));
const exchange = new ccxt[id]();

const rawMarkets = input.markets ?? [];
if (input.unifiedMarkets) {
  // For venues whose markets CCXT builds inside fetchMarkets (no parseMarket): markets already in
  // CCXT's unified form.
  exchange.setMarkets(input.unifiedMarkets);
} else if (rawMarkets.length > 0) {
  const parsed = rawMarkets.map((m) =>
    id === 'gate' ? exchange.parseContractMarket(m, input.settle ?? 'usdt') : exchange.parseMarket(m));
  exchange.setMarkets(parsed);
}

const out = (input.positions ?? []).map((raw) => {
  const p = exchange[input.method ?? 'parsePosition'](raw);
  return {
    symbol: p.symbol ?? null,
    side: p.side ?? null,
    contracts: p.contracts ?? null,
    contractSize: p.contractSize ?? null,
    entryPrice: p.entryPrice ?? null,
    markPrice: p.markPrice ?? null,
    liquidationPrice: p.liquidationPrice ?? null,
    marginMode: p.marginMode ?? null,
    leverage: p.leverage ?? null,
    notional: p.notional ?? null,
    unrealizedPnl: p.unrealizedPnl ?? null,
  };
});
process.stdout.write(JSON.stringify(out));
