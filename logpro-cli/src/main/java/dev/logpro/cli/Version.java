package dev.logpro.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "dev" when run from classes). */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"logpro " + (version == null ? "dev" : version) + " (Java " + Runtime.version() + ")"};
  }
}
