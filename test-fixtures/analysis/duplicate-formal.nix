{ pkgs, lib, pkgs, ... }:
pkgs.hello
