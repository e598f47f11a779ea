package org.torg.server.support;

import io.vertx.core.Vertx;

/** A Torg on a loopback address with a Chromium to read its pages: what a page's browser test starts and stops. */
public final class BrowserTorg implements AutoCloseable {

  private final Chromium chromium;
  private final Vertx vertx;
  private final RunningTorg torg;
  private final String base;

  private BrowserTorg(Chromium chromium, Vertx vertx, RunningTorg torg, String base) {
    this.chromium = chromium;
    this.vertx = vertx;
    this.torg = torg;
    this.base = base;
  }

  public static BrowserTorg start(String address) {
    return start(address, () -> RunningTorg.onLoopbackAddress(address));
  }

  /** With a Torg of the test's own making (other settings, a clock), serving http://{address}. */
  public static BrowserTorg start(String address, java.util.function.Supplier<RunningTorg> torg) {
    Chromium chromium = Chromium.launch();
    Vertx vertx = Vertx.vertx();
    try {
      return new BrowserTorg(chromium, vertx, torg.get(), "http://" + address);
    } catch (RuntimeException e) {
      chromium.close();
      vertx.close().await();
      throw e;
    }
  }

  public Chromium chromium() {
    return chromium;
  }

  public RunningTorg torg() {
    return torg;
  }

  public ApiClient api() {
    return torg.api(vertx);
  }

  /** The pages' base URL, http://{address}. */
  public String base() {
    return base;
  }

  @Override
  public void close() {
    chromium.close();
    torg.close();
    vertx.close().await();
  }
}
