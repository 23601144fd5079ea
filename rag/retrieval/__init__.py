"""Reading the collection: queries prepared for every channel, filters, search results."""
