// (types go here)
