# a file holding one small expression after comments
   
null
