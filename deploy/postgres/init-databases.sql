-- One database per service; no service can read another's tables through its own connection string.
CREATE DATABASE intake;
CREATE DATABASE assessment;
CREATE DATABASE advisory;
CREATE DATABASE notification;
