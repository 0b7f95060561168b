select * from marts.services_travel_vs_digital
