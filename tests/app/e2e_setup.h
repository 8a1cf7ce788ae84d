// What the end-to-end tests of Baro's processes share besides the API session: the loopback fakes
// (Telegram, HyperLiquid with the public market data, the six key venues) started together, the
// configuration that points Baro at them with a fast check cadence, and the steps that make a
// user ready for alerts (sign-up, premium granted by `baro admin`, Telegram linked through
// /start <token> as docs/telegram.md describes).
#pragma once

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "app/api_session.h"
#include "fakes/exchanges/fake_binance.h"
#include "fakes/exchanges/fake_bitget.h"
#include "fakes/exchanges/fake_bybit.h"
#include "fakes/exchanges/fake_gate.h"
#include "fakes/exchanges/fake_kucoin.h"
#include "fakes/exchanges/fake_okx.h"
#include "fakes/market/fake_market.h"
#include "fakes/telegram/fake_telegram.h"
#include "support/child.h"

namespace baro::testing {

struct E2eFakes {
  explicit E2eFakes(const std::string& bot_token) : telegram(bot_token), bot_token_(bot_token) {}

  ::testing::AssertionResult Start() {
    if (!telegram.Start()) return ::testing::AssertionFailure() << "the Telegram fake";
    if (!market.Start()) return ::testing::AssertionFailure() << "the market fake";
    if (!binance.Start() || !bybit.Start() || !okx.Start() || !bitget.Start() || !gate.Start() ||
        !kucoin.Start())
      return ::testing::AssertionFailure() << "a venue fake";
    return ::testing::AssertionSuccess();
  }

  // Baro's configuration against the fakes: data in `data_dir`, a free port, the bot, one-second
  // polls and checks every second without jitter. Tests add or replace variables in the map.
  std::map<std::string, std::string> Environment(const std::string& data_dir) const {
    return {{"BARO_DATA_DIR", data_dir},
            {"BARO_SERVER_PORT", "0"},
            {"BARO_TELEGRAM_API_BASE", telegram.BaseUrl()},
            {"BARO_TELEGRAM_BOT_TOKEN", bot_token_},
            {"BARO_TELEGRAM_BOT_USERNAME", "baro_test_bot"},
            {"BARO_TELEGRAM_POLL_TIMEOUT_S", "1"},
            {"BARO_TELEGRAM_OUTBOX_TICK_MS", "50"},
            {"BARO_EXCHANGES_HYPERLIQUID_API", market.BaseUrl()},
            {"BARO_EXCHANGES_BINANCE_FUTURES_API", binance.BaseUrl()},
            {"BARO_EXCHANGES_BINANCE_SPOT_API", binance.BaseUrl()},
            {"BARO_EXCHANGES_BYBIT_API", bybit.BaseUrl()},
            {"BARO_EXCHANGES_OKX_API", okx.BaseUrl()},
            {"BARO_EXCHANGES_BITGET_API", bitget.BaseUrl()},
            {"BARO_EXCHANGES_GATE_API", gate.BaseUrl()},
            {"BARO_EXCHANGES_KUCOIN_FUTURES_API", kucoin.BaseUrl()},
            {"BARO_EXCHANGES_KUCOIN_SPOT_API", kucoin.BaseUrl()},
            {"BARO_EXCHANGES_MARKET_DATA_TTL_S", "0"},
            {"BARO_WORKER_CHECK_INTERVAL_S", "1"},
            {"BARO_WORKER_CHECK_JITTER", "0"},
            {"BARO_WORKER_SCHEDULER_TICK_MS", "50"}};
  }

  fakes::FakeTelegram telegram;
  fakes::FakeMarket market;
  fakes::FakeBinance binance;
  fakes::FakeBybit bybit;
  fakes::FakeOkx okx;
  fakes::FakeBitget bitget;
  fakes::FakeGate gate;
  fakes::FakeKucoin kucoin;

 private:
  std::string bot_token_;
};

// Signs `email` up through the API (201 expected).
inline ::testing::AssertionResult SignUp(ApiSession& api, const std::string& email) {
  int status = 0;
  auto body = api.Call("POST", "/api/v1/auth/signup",
                       R"({"email":")" + email + R"(","password":"a long passphrase"})", &status);
  if (status != 201)
    return ::testing::AssertionFailure()
           << "sign-up of " << email << ": HTTP " << status << " " << boost::json::serialize(body);
  return ::testing::AssertionSuccess();
}

// Grants premium to `email` with `baro admin grant-premium`, under the deployment's `env`.
inline ::testing::AssertionResult GrantPremium(const std::string& email,
                                               const std::map<std::string, std::string>& env) {
  auto [code, out] = RunToEnd({BARO_BINARY, "admin", "grant-premium", "--email", email}, env);
  if (code != 0) return ::testing::AssertionFailure() << "grant-premium " << email << ": " << out;
  return ::testing::AssertionSuccess();
}

// Links Telegram chat `chat` through the deep link's /start <token>, and waits until the fake has
// received `sent_after` messages in all (the link's confirmation among them).
inline ::testing::AssertionResult LinkTelegram(ApiSession& api, fakes::FakeTelegram& telegram,
                                               std::int64_t chat, std::size_t sent_after = 1) {
  int status = 0;
  auto link = api.Call("POST", "/api/v1/telegram/link", "{}", &status);
  if (status != 201) return ::testing::AssertionFailure() << "telegram/link: HTTP " << status;
  const std::string deep(link.as_object().at("url").as_string());
  if (deep.rfind("https://t.me/baro_test_bot?start=", 0) != 0)
    return ::testing::AssertionFailure() << "deep link " << deep;
  telegram.SendText(chat, "/start " + deep.substr(deep.find("start=") + 6));
  if (!telegram.WaitForSent(sent_after, std::chrono::seconds(20)))
    return ::testing::AssertionFailure() << "no link confirmation to chat " << chat;
  return ::testing::AssertionSuccess();
}

// The three steps together: a premium user with a linked chat.
inline ::testing::AssertionResult SignUpPremiumLinked(ApiSession& api, const std::string& email,
                                                      const std::map<std::string, std::string>& env,
                                                      fakes::FakeTelegram& telegram,
                                                      std::int64_t chat,
                                                      std::size_t sent_after = 1) {
  if (auto r = SignUp(api, email); !r) return r;
  if (auto r = GrantPremium(email, env); !r) return r;
  return LinkTelegram(api, telegram, chat, sent_after);
}

}  // namespace baro::testing
