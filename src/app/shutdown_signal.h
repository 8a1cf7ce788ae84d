// Waiting for SIGINT/SIGTERM: block the signals in every thread at start-up, then wait for one.
#pragma once

namespace baro::app {

void BlockShutdownSignals();  // call first in main, before any thread starts
int WaitForShutdownSignal();  // returns the signal number

}  // namespace baro::app
