#ifndef TRANSIT_CYAML_SHIM_H
#define TRANSIT_CYAML_SHIM_H
#include <yaml.h>
#endif
