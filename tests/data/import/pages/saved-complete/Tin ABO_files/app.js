window.x=1;
