# Campaign models come later; this app holds the launch-document parser for now.
