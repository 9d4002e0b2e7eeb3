/* A shared object that is not a qbt-rules plugin. */
int not_a_plugin(void) { return 42; }
