// The outside services the page's browser tests need, in one process: the fake Telegram Bot API,
// the fake Binance USD-M (keys, positions, marks) and the fake HyperLiquid/Binance market data
// (tests/fakes/*, each citing the wire format it follows). It prints one JSON line with their base
// URLs, then answers one command per line on stdin with one line on stdout:
//   start <chat_id> <payload>               a user opens the bot's deep link (/start <payload>)
//   sent                                    {"count":N,"last":"<text of the last message>"}
//   wait_sent <n> <timeout_ms>              waits until n messages were sent; ok or timeout
//   binance_key <key> <secret> <json>       a key with its apiRestrictions answer
//   binance_positions <key> <json>          its positionRisk rows (symbolConfig: cross, 10x)
//   binance_mark <symbol> <price>           the public mark price
//   hyperliquid <coin> <price> <max_lev>    a HyperLiquid perpetual's mark and maximum leverage
//   okx_key <key> <secret> <passphrase> <json>  an OKX key with its account/config object
//   gate_key <key> <secret>                 a Gate key
// End of input stops the services.
#include <boost/json/serialize.hpp>
#include <chrono>
#include <iostream>
#include <sstream>
#include <string>

#include "fakes/exchanges/fake_binance.h"
#include "fakes/exchanges/fake_gate.h"
#include "fakes/exchanges/fake_okx.h"
#include "fakes/market/fake_market.h"
#include "fakes/telegram/fake_telegram.h"

int main(int argc, char** argv) {
  const std::string token = argc > 1 ? argv[1] : "4242:ui-test-bot-token";
  baro::fakes::FakeTelegram telegram(token, "baro_test_bot");
  baro::fakes::FakeMarket market;
  baro::fakes::FakeBinance binance;
  baro::fakes::FakeOkx okx;
  baro::fakes::FakeGate gate;
  if (!telegram.Start() || !market.Start() || !binance.Start() || !okx.Start() || !gate.Start()) {
    std::cerr << "cannot start the fakes\n";
    return 1;
  }
  std::cout << boost::json::serialize(boost::json::object{{"telegram", telegram.BaseUrl()},
                                                          {"market", market.BaseUrl()},
                                                          {"binance", binance.BaseUrl()},
                                                          {"okx", okx.BaseUrl()},
                                                          {"gate", gate.BaseUrl()}})
            << std::endl;

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string command;
    in >> command;
    std::string answer = "ok";
    if (command == "start") {
      std::int64_t chat = 0;
      std::string payload;
      in >> chat >> payload;
      telegram.SendStart(chat, payload, "ui_tester");
    } else if (command == "sent") {
      auto sent = telegram.Sent();
      answer = boost::json::serialize(boost::json::object{
          {"count", sent.size()}, {"last", sent.empty() ? std::string() : sent.back().text}});
    } else if (command == "wait_sent") {
      std::size_t n = 0;
      long ms = 0;
      in >> n >> ms;
      answer = telegram.WaitForSent(n, std::chrono::milliseconds(ms)) ? "ok" : "timeout";
    } else if (command == "binance_key") {
      std::string key, secret, restrictions;
      in >> key >> secret;
      std::getline(in >> std::ws, restrictions);
      binance.AddKey(key, secret, restrictions);
    } else if (command == "binance_positions") {
      std::string key, rows;
      in >> key;
      std::getline(in >> std::ws, rows);
      binance.SetPositions(key, rows,
                           R"([{"symbol":"BTCUSDT","marginType":"CROSSED","leverage":10}])");
    } else if (command == "binance_mark") {
      std::string symbol;
      double mark = 0;
      in >> symbol >> mark;
      binance.SetMark(symbol, mark);
      market.SetBinance(symbol, mark);
    } else if (command == "hyperliquid") {
      std::string coin;
      double mark = 0;
      int max_leverage = 0;
      in >> coin >> mark >> max_leverage;
      market.SetHyperliquid(coin, mark, max_leverage);
    } else if (command == "okx_key") {
      std::string key, secret, passphrase, config;
      in >> key >> secret >> passphrase;
      std::getline(in >> std::ws, config);
      okx.AddKey(key, secret, passphrase, config);
    } else if (command == "gate_key") {
      std::string key, secret;
      in >> key >> secret;
      gate.AddKey(key, secret);
    } else {
      answer = "unknown command";
    }
    std::cout << answer << std::endl;
  }
  return 0;
}
