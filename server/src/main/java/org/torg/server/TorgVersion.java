package org.torg.server;

import java.util.Optional;

/** The running build's version, from the jar manifest (written by the shade plugin); "development" when run from classes. */
public final class TorgVersion {

  public static final String VERSION =
      Optional.ofNullable(TorgVersion.class.getPackage().getImplementationVersion()).orElse("development");

  private TorgVersion() {}
}
