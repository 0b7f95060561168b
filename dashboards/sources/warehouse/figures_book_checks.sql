select * from marts.figures_book_checks
