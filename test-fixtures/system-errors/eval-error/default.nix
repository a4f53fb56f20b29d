let
  port = 22;
in
{
  listen = "0.0.0.0:" + port;
}
