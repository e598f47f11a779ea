package org.torg.server.app;

import org.torg.server.config.TorgConfig;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.torg.server.error.HttpError;
import org.torg.server.model.Account;

/**
 * {@code java -jar torg.jar create-admin --username NAME [--email ADDRESS]}: makes an admin
 * account, the password read from standard input (one line; typed without echo on a terminal).
 * It works on the configured database whether the server runs or not.
 */
final class CreateAdminCommand {

  private final InputStream in;
  private final Console console;
  private final PrintStream out;
  private final PrintStream err;

  CreateAdminCommand(InputStream in, Console console, PrintStream out, PrintStream err) {
    this.in = in;
    this.console = console;
    this.out = out;
    this.err = err;
  }

  int run(TorgConfig config, String username, String email) {
    String password;
    try {
      password = readPassword();
    } catch (IOException e) {
      err.println("torg: cannot read the password from standard input: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (password == null || password.isEmpty()) {
      err.println("torg: give the new admin's password on standard input, e.g. echo 'password' | java -jar torg.jar create-admin --username NAME");
      return Main.EXIT_USAGE;
    }
    Torg torg;
    try {
      torg = Torg.openForCommand(config);
    } catch (StartupException e) {
      err.println("torg: " + e.getMessage());
      return Main.EXIT_STARTUP_FAILED;
    }
    try {
      Account admin = torg.services().accounts().registrations().createAdmin(username, email, password)
          .await(60, TimeUnit.SECONDS);
      out.println("Created admin " + admin.actor().handle() + " (" + admin.actor().uri() + ")");
      return 0;
    } catch (HttpError e) {
      err.println("torg: " + e.getMessage());
      return e.status() == 422 ? Main.EXIT_USAGE : Main.EXIT_STARTUP_FAILED;
    } catch (Exception e) {
      err.println("torg: creating the admin failed: " + Torg.oneLine(e));
      return Main.EXIT_STARTUP_FAILED;
    } finally {
      torg.stop();
    }
  }

  private String readPassword() throws IOException {
    if (console != null) {
      char[] typed = console.readPassword("Password for the new admin: ");
      return typed == null ? null : new String(typed);
    }
    String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    return line == null ? null : line.strip();
  }
}
