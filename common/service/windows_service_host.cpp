// Windows host: registers with the Service Control Manager when started by it, otherwise
// runs as a console program that stops on Ctrl-C. Compiled only on Windows (see CMakeLists).
#include <windows.h>

#include <mutex>
#include <string>
#include <utility>

#include "common/service/service_host.hpp"

namespace pw::service {
namespace {

class WindowsServiceHost final : public ServiceHost {
 public:
  explicit WindowsServiceHost(SERVICE_STATUS_HANDLE handle) : handle_(handle) {}

  void notifyReady(std::string_view /*status*/) override { report(SERVICE_RUNNING, 0); }
  void notifyStopping() override { report(SERVICE_STOP_PENDING, 10'000); }
  void onStopRequest(std::function<void()> fn) override { stop_.set(std::move(fn)); }
  void requestStop() { stop_.fire(); }
  void report(DWORD state, DWORD wait_hint_ms, DWORD exit_code = NO_ERROR) {
    if (handle_ == nullptr) return;  // console mode
    SERVICE_STATUS status{};
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted =
        state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    status.dwWin32ExitCode = exit_code;
    status.dwWaitHint = wait_hint_ms;
    SetServiceStatus(handle_, &status);
  }
  void setHandle(SERVICE_STATUS_HANDLE handle) { handle_ = handle; }

 private:
  SERVICE_STATUS_HANDLE handle_;
  StopRequest stop_;
};

// The SCM callbacks carry no user pointer for ServiceMain, so the pieces they need live here
// for the lifetime of the process (set once in runService, before the dispatcher starts).
const ServiceMain* g_service_main = nullptr;
std::string g_service_name;
WindowsServiceHost* g_host = nullptr;
int g_exit_code = 0;

DWORD WINAPI controlHandler(DWORD control, DWORD, LPVOID, LPVOID) {
  if (control == SERVICE_CONTROL_STOP || control == SERVICE_CONTROL_SHUTDOWN) {
    if (g_host != nullptr) {
      g_host->notifyStopping();
      g_host->requestStop();
    }
    return NO_ERROR;
  }
  return control == SERVICE_CONTROL_INTERROGATE ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

void WINAPI serviceMain(DWORD, LPSTR*) {
  SERVICE_STATUS_HANDLE handle =
      RegisterServiceCtrlHandlerExA(g_service_name.c_str(), controlHandler, nullptr);
  WindowsServiceHost host(handle);
  g_host = &host;
  host.report(SERVICE_START_PENDING, 30'000);
  g_exit_code = (*g_service_main)(host);
  host.report(SERVICE_STOPPED, 0, g_exit_code == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR);
  g_host = nullptr;
}

BOOL WINAPI consoleHandler(DWORD event) {
  if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT || event == CTRL_CLOSE_EVENT) {
    if (g_host != nullptr) g_host->requestStop();
    return TRUE;
  }
  return FALSE;
}

}  // namespace

int runService(const std::string& service_name, const ServiceMain& service_main) {
  g_service_main = &service_main;
  g_service_name = service_name;
  SERVICE_TABLE_ENTRYA table[] = {{g_service_name.data(), serviceMain}, {nullptr, nullptr}};
  if (StartServiceCtrlDispatcherA(table)) return g_exit_code;
  if (GetLastError() != ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) return 1;
  // Not started by the SCM: run in the console.
  WindowsServiceHost host(nullptr);
  g_host = &host;
  SetConsoleCtrlHandler(consoleHandler, TRUE);
  const int code = service_main(host);
  g_host = nullptr;
  return code;
}

}  // namespace pw::service
